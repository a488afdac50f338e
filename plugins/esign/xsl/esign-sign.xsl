<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:include href="../../../plugins/esign/xsl/esign-common.xsl"/>
  <!--
    The signing page: the documents, who signs, the consent statement and
    the signature (typed, drawn on the pad when scripts run, or an
    uploaded PNG); outside signers first ask for their one-time code.
  -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="s" select="signer"/>
    <xsl:variable name="b" select="$s/@base"/>
    <h1><xsl:value-of select="$s/title"/></h1>
    <p>For <xsl:value-of select="$s/client"/>. Please sign by <xsl:value-of select="$s/expires_on"/>.</p>
    <xsl:if test="$s/message"><blockquote><xsl:value-of select="$s/message"/></blockquote></xsl:if>
    <h2>The documents</h2>
    <ul class="esign-docs">
      <xsl:for-each select="docs/doc">
        <li><a href="{$base}{$b}/doc/{position}"><xsl:value-of select="name"/></a>
          <span class="hint"> (PDF, opens the whole document). SHA-256 <code class="esign-hash"><xsl:value-of select="sha256"/></code></span></li>
      </xsl:for-each>
    </ul>
    <xsl:for-each select="docs/doc">
      <xsl:variable name="d" select="."/>
      <section class="preview esign-preview" aria-label="Pages of {name}">
        <h3><xsl:value-of select="name"/> (<xsl:value-of select="@pages"/><xsl:choose><xsl:when test="@pages = 1"> page</xsl:when><xsl:otherwise> pages</xsl:otherwise></xsl:choose>)</h3>
        <xsl:for-each select="page">
          <xsl:choose>
            <xsl:when test="box">
              <!-- The page with the boxes of this signer's fields (SVG:
                   positioned without inline styles); each box links to
                   its input in the list below the pages. -->
              <svg class="esign-page esign-pagebox" viewBox="0 0 {@w} {@h}" role="group" aria-label="Page {@n} of {$d/name}, with your fields">
                <image href="{$base}{$b}/page/{$d/position}/{@n}" x="0" y="0" width="{@w}" height="{@h}"/>
                <xsl:for-each select="box">
                  <a href="#esf-{@id}" class="esign-box">
                    <rect x="{@x}" y="{@y}" width="{@w}" height="{@h}" rx="2"/>
                    <text x="{@x + 3}" y="{@y + @h div 2}" dominant-baseline="middle">
                      <xsl:call-template name="es-kind"><xsl:with-param name="k" select="@kind"/><xsl:with-param name="label" select="@label"/></xsl:call-template>
                    </text>
                  </a>
                </xsl:for-each>
              </svg>
            </xsl:when>
            <xsl:otherwise>
              <img class="esign-page" loading="lazy" src="{$base}{$b}/page/{$d/position}/{@n}" alt="Page {@n} of {$d/name}" width="900"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </section>
    </xsl:for-each>
    <h2>Who signs</h2>
    <ol class="esign-parties">
      <xsl:for-each select="signers/party">
        <li><xsl:value-of select="name"/> (<xsl:value-of select="role"/>, group <xsl:value-of select="grp"/>):
          <xsl:call-template name="badge"><xsl:with-param name="status" select="state"/></xsl:call-template></li>
      </xsl:for-each>
    </ol>
    <xsl:if test="outside">
      <h2>Confirm it is you</h2>
      <form method="post" action="{$base}{$b}/code" class="inline">
        <xsl:call-template name="csrf"/>
        <p>We send a one-time code to <xsl:value-of select="$s/email"/>.
          <button type="submit">
            <xsl:choose><xsl:when test="outside/@code_live = '1'">Send a new code</xsl:when><xsl:otherwise>Send me the code</xsl:otherwise></xsl:choose>
          </button></p>
      </form>
    </xsl:if>
    <h2>Sign</h2>
    <form method="post" action="{$base}{$b}" enctype="multipart/form-data" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:if test="outside">
        <xsl:call-template name="field">
          <xsl:with-param name="name">code</xsl:with-param>
          <xsl:with-param name="label">One-time code from the e-mail</xsl:with-param>
          <xsl:with-param name="autocomplete">one-time-code</xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:variable name="c" select="form/field[@name='consent']"/>
      <div>
        <xsl:attribute name="class">field<xsl:if test="$c/@error"> has-error</xsl:if></xsl:attribute>
        <label><input type="checkbox" name="consent" value="1" required="required"/>
          I agree to sign these documents electronically, and that my electronic signature is as binding as one on paper.</label>
        <xsl:if test="$c/@error"><p class="error"><xsl:value-of select="$c/@error"/></p></xsl:if>
      </div>
      <fieldset class="field">
        <legend>Your signature</legend>
        <label><input type="radio" name="kind" value="typed" checked="checked"/> Type my name</label>
        <xsl:call-template name="field">
          <xsl:with-param name="name">typed</xsl:with-param>
          <xsl:with-param name="label">Name as signature</xsl:with-param>
          <xsl:with-param name="value" select="$s/name"/>
        </xsl:call-template>
        <p class="hint">A typed signature is drawn in a handwriting font, as here:</p>
        <img class="esign-typed" id="esign-typed-preview" src="{$base}{$s/@typed_preview}" alt="Your typed signature as it will be drawn" height="48"/>
        <div id="esign-draw" hidden="hidden">
          <label><input type="radio" name="kind" value="drawn" id="esign-kind-drawn"/> Draw it</label>
          <canvas id="esign-pad" width="600" height="160" class="esign-pad" hidden="hidden" aria-label="Drawing pad for your signature"></canvas>
          <p><button type="button" id="esign-clear" class="link">Clear the drawing</button></p>
          <input type="hidden" name="drawn" id="esign-drawn" value=""/>
        </div>
        <label><input type="radio" name="kind" value="upload"/> Upload an image (PNG)</label>
        <xsl:call-template name="field">
          <xsl:with-param name="name">image</xsl:with-param>
          <xsl:with-param name="label">Signature image</xsl:with-param>
          <xsl:with-param name="type">file</xsl:with-param>
        </xsl:call-template>
        <xsl:if test="form/field[@name='drawn']/@error"><p class="error"><xsl:value-of select="form/field[@name='drawn']/@error"/></p></xsl:if>
      </fieldset>
      <xsl:if test="fields/field">
        <fieldset class="field esign-fields">
          <legend>Your fields in the document</legend>
          <p class="hint">Each is drawn into the document where its box is on the pages above.</p>
          <ul class="esign-field-list">
            <xsl:for-each select="fields/field">
              <xsl:variable name="where">page <xsl:value-of select="page"/><xsl:if test="count(/atrium/content/docs/doc) &gt; 1"> of <xsl:value-of select="/atrium/content/docs/doc[position = current()/doc_position]/name"/></xsl:if></xsl:variable>
              <li id="esf-{id}">
                <xsl:choose>
                  <xsl:when test="kind = 'initials' or kind = 'text'">
                    <xsl:call-template name="field">
                      <xsl:with-param name="name" select="concat('f', id)"/>
                      <xsl:with-param name="label"><xsl:call-template name="es-kind"><xsl:with-param name="k" select="kind"/><xsl:with-param name="label" select="label"/></xsl:call-template> (<xsl:value-of select="$where"/>)</xsl:with-param>
                      <xsl:with-param name="value" select="value"/>
                      <xsl:with-param name="required" select="kind = 'initials' or required = '1'"/>
                    </xsl:call-template>
                  </xsl:when>
                  <xsl:when test="kind = 'signature'"><strong>Signature</strong> (<xsl:value-of select="$where"/>): the signature you give above.</xsl:when>
                  <xsl:when test="kind = 'date'"><strong>Date</strong> (<xsl:value-of select="$where"/>): the day you sign, filled in when you sign.</xsl:when>
                  <xsl:otherwise><strong>Name</strong> (<xsl:value-of select="$where"/>): <xsl:value-of select="value"/></xsl:otherwise>
                </xsl:choose>
              </li>
            </xsl:for-each>
          </ul>
        </fieldset>
      </xsl:if>
      <p><button type="submit" class="primary">Sign</button></p>
    </form>
    <h2>Decline</h2>
    <form method="post" action="{$base}{$b}/decline" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">reason</xsl:with-param>
        <xsl:with-param name="label">Why you decline</xsl:with-param>
        <xsl:with-param name="type">textarea</xsl:with-param>
      </xsl:call-template>
      <p><button type="submit">Decline to sign</button></p>
    </form>
  </xsl:template>
  <!-- A field's name for the person: its label, or its kind. -->
  <xsl:template name="es-kind">
    <xsl:param name="k"/>
    <xsl:param name="label"/>
    <xsl:choose>
      <xsl:when test="string($label) != ''"><xsl:value-of select="$label"/></xsl:when>
      <xsl:when test="$k = 'signature'">Signature</xsl:when>
      <xsl:when test="$k = 'initials'">Initials</xsl:when>
      <xsl:when test="$k = 'date'">Date</xsl:when>
      <xsl:when test="$k = 'name'">Name</xsl:when>
      <xsl:otherwise>Text</xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
