<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- One request for the team: answers with addresses, send, withdraw. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="a" select="approval"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/approvals">Approvals</a> · <xsl:value-of select="$a/client"/> · <a href="{$base}/staff/projects/{$a/project_id}"><xsl:value-of select="$a/project"/></a></nav>
    <h1><xsl:value-of select="$a/title"/>
      <xsl:if test="$a/visible = '0'"><xsl:text> </xsl:text><span class="badge badge-pending">Draft</span></xsl:if></h1>
    <xsl:call-template name="hs-approval-facts"/>
    <xsl:if test="$a/file_id">
      <p>To approve: <a href="{$base}/staff/files/{$a/file_id}/versions/{$a/file_version}/download"><xsl:value-of select="$a/file_name"/>, version <xsl:value-of select="$a/file_version"/></a>
        (<a href="{$base}/staff/files/{$a/file_id}">file page</a>)</p>
      <xsl:call-template name="preview-inline">
        <xsl:with-param name="file" select="$a/file_id"/>
        <xsl:with-param name="version" select="$a/file_version"/>
        <xsl:with-param name="state" select="$a/file_preview"/>
        <xsl:with-param name="name" select="$a/file_name"/>
        <xsl:with-param name="mime" select="$a/file_mime"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$a/deliverable_title">
      <p>Deliverable to approve: <a href="{$base}/staff/projects/{$a/project_id}#deliverables"><xsl:value-of select="$a/deliverable_title"/></a></p>
    </xsl:if>
    <div class="markdown"><xsl:copy-of select="$a/detail/html/node()"/></div>
    <xsl:if test="$a/status = 'pending'">
      <xsl:if test="$a/visible = '0'">
        <form method="post" action="{$base}/staff/approvals/{$a/id}/send" class="inline">
          <xsl:call-template name="csrf"/>
          <button type="submit" class="primary">Send to the approvers</button>
        </form>
      </xsl:if>
      <form method="post" action="{$base}/staff/approvals/{$a/id}/cancel" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit" class="danger">Withdraw the request</button>
      </form>
    </xsl:if>
    <xsl:if test="$a/last_reminded_at"><p class="small">Last reminder: <xsl:value-of select="$a/last_reminded_at"/> (UTC)</p></xsl:if>
    <xsl:call-template name="hs-approval-steps"/>
    <xsl:apply-templates select="comments" mode="section">
      <xsl:with-param name="action" select="concat('/staff/approvals/', $a/id, '/comments')"/>
    </xsl:apply-templates>
  </xsl:template>
</xsl:stylesheet>
