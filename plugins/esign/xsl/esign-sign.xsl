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
          <img class="esign-page" loading="lazy" src="{$base}{$b}/page/{$d/position}/{@n}" alt="Page {@n} of {$d/name}" width="900"/>
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
</xsl:stylesheet>
