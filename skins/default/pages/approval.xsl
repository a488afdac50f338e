<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- One request for approval: what, who answers, the answer form. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="a" select="approval"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/approvals">Approvals</a> · <a href="{$base}/projects/{$a/project_id}"><xsl:value-of select="$a/project"/></a></nav>
    <h1><xsl:value-of select="$a/title"/></h1>
    <xsl:call-template name="hs-approval-facts"/>
    <xsl:if test="$a/file_id">
      <p>To approve: <a href="{$base}/files/{$a/file_id}/versions/{$a/file_version}/download"><xsl:value-of select="$a/file_name"/>, version <xsl:value-of select="$a/file_version"/></a>
        (<a href="{$base}/files/{$a/file_id}">file page</a>)</p>
      <xsl:call-template name="preview-inline">
        <xsl:with-param name="file" select="$a/file_id"/>
        <xsl:with-param name="version" select="$a/file_version"/>
        <xsl:with-param name="state" select="$a/file_preview"/>
        <xsl:with-param name="name" select="$a/file_name"/>
        <xsl:with-param name="mime" select="$a/file_mime"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$a/deliverable_title">
      <p>Deliverable to approve: <a href="{$base}/projects/{$a/project_id}#deliverables"><xsl:value-of select="$a/deliverable_title"/></a></p>
    </xsl:if>
    <div class="markdown"><xsl:copy-of select="$a/detail/html/node()"/></div>
    <xsl:call-template name="hs-approval-steps"/>
    <xsl:if test="my-turn">
      <h2>Your answer</h2>
      <form method="post" action="{$base}/approvals/{$a/id}/answer" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:variable name="af" select="form/field[@name = 'answer']"/>
        <fieldset class="field{substring(' has-error', 1, 10 * boolean($af/@error))}">
          <legend>Do you approve?</legend>
          <label><input type="radio" name="answer" value="approve" required="required">
            <xsl:if test="$af/@value = 'approve'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input> I approve</label>
          <label><input type="radio" name="answer" value="changes">
            <xsl:if test="$af/@value = 'changes'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input> I ask for changes</label>
          <xsl:if test="$af/@error"><p class="error"><xsl:value-of select="$af/@error"/></p></xsl:if>
        </fieldset>
        <xsl:call-template name="field">
          <xsl:with-param name="name">comment</xsl:with-param>
          <xsl:with-param name="label">Comment</xsl:with-param>
          <xsl:with-param name="type">textarea</xsl:with-param>
          <xsl:with-param name="hint">Needed when you ask for changes.</xsl:with-param>
        </xsl:call-template>
        <p><button type="submit" class="primary">Send my answer</button></p>
      </form>
    </xsl:if>
    <xsl:apply-templates select="comments" mode="section">
      <xsl:with-param name="action" select="concat('/approvals/', $a/id, '/comments')"/>
    </xsl:apply-templates>
  </xsl:template>
</xsl:stylesheet>
