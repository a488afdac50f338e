<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Ask for approval: first the project, then what and who. -->
  <xsl:template match="content" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/approvals">Approvals</a></nav>
    <h1>Ask for approval</h1>
    <xsl:choose>
      <xsl:when test="projects">
        <form method="get" action="{$base}/staff/approvals/new" class="stack">
          <div class="field">
            <label for="f-project">Project</label>
            <select id="f-project" name="project" required="required">
              <xsl:for-each select="projects/project">
                <option value="{id}"><xsl:value-of select="client"/>: <xsl:value-of select="name"/></option>
              </xsl:for-each>
            </select>
          </div>
          <p><button type="submit">Next</button></p>
        </form>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="form" select="form"/>
        <p>Project: <a href="{$base}/staff/projects/{project/@id}"><xsl:value-of select="project/@name"/></a></p>
        <form method="post" action="{$base}/staff/approvals" class="stack">
          <xsl:call-template name="csrf"/>
          <input type="hidden" name="project" value="{project/@id}"/>
          <xsl:call-template name="field">
            <xsl:with-param name="name">title</xsl:with-param>
            <xsl:with-param name="label">What to approve</xsl:with-param>
            <xsl:with-param name="hint">For example: Homepage design, round 2.</xsl:with-param>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="name">detail</xsl:with-param>
            <xsl:with-param name="label">Detail</xsl:with-param>
            <xsl:with-param name="type">textarea</xsl:with-param>
            <xsl:with-param name="hint">Markdown.</xsl:with-param>
          </xsl:call-template>
          <xsl:variable name="ff" select="$form/field[@name = 'file_version']"/>
          <div class="field{substring(' has-error', 1, 10 * boolean($ff/@error))}">
            <label for="f-file_version">File</label>
            <select id="f-file_version" name="file_version">
              <option value="">No file (the subject above)</option>
              <xsl:for-each select="versions/version">
                <option value="{id}"><xsl:if test="id = $ff/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/>, version <xsl:value-of select="version"/><xsl:if test="visible = '0'"> (internal: shared when the request is sent)</xsl:if></option>
              </xsl:for-each>
            </select>
            <xsl:if test="$ff/@error"><p class="error"><xsl:value-of select="$ff/@error"/></p></xsl:if>
          </div>
          <xsl:if test="deliverables/deliverable">
            <xsl:variable name="df" select="$form/field[@name = 'deliverable']"/>
            <div class="field{substring(' has-error', 1, 10 * boolean($df/@error))}">
              <label for="f-deliverable">Deliverable</label>
              <select id="f-deliverable" name="deliverable">
                <option value="">No deliverable</option>
                <xsl:for-each select="deliverables/deliverable">
                  <option value="{id}"><xsl:if test="id = $df/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="title"/><xsl:if test="visible = '0'"> (internal: shared when the request is sent)</xsl:if></option>
                </xsl:for-each>
              </select>
              <xsl:if test="$df/@error"><p class="error"><xsl:value-of select="$df/@error"/></p></xsl:if>
              <p class="hint">When everyone approves, the deliverable is ticked as done.</p>
            </div>
          </xsl:if>
          <xsl:variable name="apf" select="$form/field[@name = 'approver']"/>
          <fieldset class="field{substring(' has-error', 1, 10 * boolean($apf/@error))}">
            <legend>Approvers, in order</legend>
            <xsl:for-each select="(contacts/contact)[position() &lt;= 4]">
              <xsl:variable name="n" select="position()"/>
              <label for="f-approver-{$n}"><xsl:value-of select="$n"/>.</label>
              <select id="f-approver-{$n}" name="approver">
                <option value="">None</option>
                <xsl:for-each select="../contact">
                  <option value="{id}"><xsl:if test="($apf[$n] and id = $apf[$n]/@value) or (not($apf) and $n = 1 and position() = 1)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/> (<xsl:value-of select="email"/>)</option>
                </xsl:for-each>
              </select>
            </xsl:for-each>
            <xsl:if test="not(contacts/contact)"><p class="error">This client has no active contacts yet.</p></xsl:if>
            <xsl:for-each select="$apf[@error][1]"><p class="error"><xsl:value-of select="@error"/></p></xsl:for-each>
          </fieldset>
          <fieldset class="field">
            <legend>Order</legend>
            <label><input type="radio" name="mode" value="sequence">
              <xsl:if test="not($form/field[@name = 'mode']) or $form/field[@name = 'mode']/@value = 'sequence'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input> In sequence: each approver in turn</label>
            <label><input type="radio" name="mode" value="parallel">
              <xsl:if test="$form/field[@name = 'mode']/@value = 'parallel'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input> All at once</label>
          </fieldset>
          <xsl:call-template name="field">
            <xsl:with-param name="name">due_on</xsl:with-param>
            <xsl:with-param name="label">Due date</xsl:with-param>
            <xsl:with-param name="type">date</xsl:with-param>
          </xsl:call-template>
          <p>
            <button type="submit" name="visible" value="1" class="primary">Ask for approval</button>
            <xsl:text> </xsl:text>
            <button type="submit">Save as a draft</button>
          </p>
        </form>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
